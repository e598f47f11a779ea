// Live updates of an open thread page (README "Live updates"): new replies appear in place,
// edits, deletions and like counts change, and a polite live region tells screen readers. The
// page is whole without this; EventSource reconnects by itself and resumes after the last event.
import { s } from './strings.js';

function region() {
  // Made by the script, so the page without JavaScript is exactly as before.
  const status = document.createElement('p');
  status.className = 'visually-hidden live-status';
  status.setAttribute('aria-live', 'polite');
  document.querySelector('.thread').after(status);
  return status;
}

function byline(post) {
  const header = document.createElement('header');
  const line = document.createElement('p');
  line.className = 'byline';
  const author = document.createElement('a');
  author.className = 'author';
  author.href = post.author.actor;
  author.textContent = post.author.displayName;
  const handle = document.createElement('span');
  handle.className = 'handle';
  handle.textContent = post.author.handle;
  line.append(author, ' ', handle);
  const meta = document.createElement('p');
  meta.className = 'meta';
  const link = document.createElement('a');
  link.href = post.url;
  const time = document.createElement('time');
  time.dateTime = post.createdAt;
  time.textContent = new Date(post.createdAt).toLocaleString(document.documentElement.lang || undefined);
  link.append(time);
  meta.append(link);
  header.append(line, meta);
  return header;
}

function likesText(n) {
  return n === 1 ? s('live_likes_one') : s('live_likes', n);
}

function article(post) {
  const element = document.createElement('article');
  element.className = 'post live-new';
  element.id = `post-${post.id}`;
  const content = document.createElement('div');
  content.className = 'content';
  // The same HTML the server puts in the page: sanitized (remote) or rendered from Markdown (local).
  content.innerHTML = post.content;
  const footer = document.createElement('footer');
  const counts = document.createElement('p');
  counts.className = 'counts';
  const likes = document.createElement('span');
  likes.className = 'likes';
  likes.dataset.count = String(post.likes);
  likes.textContent = likesText(post.likes);
  counts.append(likes);
  footer.append(counts);
  element.append(byline(post), content);
  const attachments = attachmentList(post.media_attachments || []);
  if (attachments) {
    element.append(attachments);
  }
  element.append(footer);
  return element;
}

/** The post's images and documents as the page shows them (post-macros.peb): Torg's URLs only. */
function attachmentList(all) {
  if (all.length === 0) {
    return null;
  }
  const list = document.createElement('ul');
  list.className = 'attachments';
  list.setAttribute('aria-label', s('media_attachments'));
  for (const m of all) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = m.url;
    if (m.type === 'image') {
      const image = document.createElement('img');
      image.src = m.preview_url || m.url;
      image.alt = m.description || s('media_image_no_description');
      image.loading = 'lazy';
      link.append(image);
    } else {
      link.className = 'document';
      link.textContent = m.description ? `${s('media_document')}: ${m.description}` : s('media_document');
    }
    item.append(link);
    list.append(item);
  }
  return list;
}

function insert(post) {
  const item = document.createElement('li');
  item.append(article(post));
  const parent = post.inReplyTo && document.getElementById(`post-${post.inReplyTo}`);
  if (parent) {
    let replies = parent.nextElementSibling;
    if (!replies || !replies.matches('ol.replies')) {
      replies = document.createElement('ol');
      replies.className = 'replies';
      parent.after(replies);
    }
    replies.append(item);
  } else {
    // Its parent is not on the page: at the end, with a link to what it answers.
    const thread = document.querySelector('.thread');
    let replies = thread.querySelector(':scope > ol.replies');
    if (!replies) {
      replies = document.createElement('ol');
      replies.className = 'replies';
      thread.append(replies);
    }
    if (post.inReplyTo) {
      const answers = document.createElement('p');
      answers.className = 'meta';
      const link = document.createElement('a');
      link.href = `/posts/${post.inReplyTo}`;
      link.textContent = s('live_in_reply_to');
      answers.append(link);
      item.firstElementChild.querySelector('header').append(answers);
    }
    replies.append(item);
  }
}

export function initLive() {
  const thread = document.querySelector('.thread[data-thread]');
  if (!thread || !window.EventSource) {
    return;
  }
  const status = region();
  const source = new EventSource(`/api/v1/threads/${thread.dataset.thread}/stream`);
  source.addEventListener('open', () => {
    thread.dataset.live = 'open';
  });
  source.addEventListener('post', (event) => {
    const post = JSON.parse(event.data);
    if (!document.getElementById(`post-${post.id}`)) {
      insert(post);
      status.textContent = s('live_reply', post.author.displayName);
    }
  });
  source.addEventListener('edit', (event) => {
    const post = JSON.parse(event.data);
    const content = document.querySelector(`#post-${post.id} > .content`);
    if (content && !post.deleted) {
      content.innerHTML = post.content;
      status.textContent = s('live_edit', post.author.displayName);
    }
  });
  source.addEventListener('delete', (event) => {
    const post = JSON.parse(event.data);
    const element = document.getElementById(`post-${post.id}`);
    if (element) {
      const placeholder = document.createElement('p');
      placeholder.className = 'placeholder';
      placeholder.textContent = s('live_deleted_placeholder');
      element.classList.add('deleted');
      element.replaceChildren(placeholder);
      status.textContent = s('live_delete');
    }
  });
  source.addEventListener('likes', (event) => {
    const post = JSON.parse(event.data);
    const likes = document.querySelector(`#post-${post.id} .counts .likes`);
    if (likes) {
      likes.dataset.count = String(post.likes);
      likes.textContent = likesText(post.likes);
    }
  });
}
