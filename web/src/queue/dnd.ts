// Drag and drop reordering of the speaker queue (HTML5), as attachments so the list keeps plain markup.
// Keyboard users reorder with the move up/down buttons beside each entry.
import type { Attachment } from 'svelte/attachments';

const ENTRY_TYPE = 'application/x-tiepdan-entry';

export function dragSource(entryId: string): Attachment<HTMLElement> {
  return (element) => {
    element.draggable = true;
    const start = (event: DragEvent) => {
      if (!event.dataTransfer) return;
      event.dataTransfer.setData(ENTRY_TYPE, entryId);
      event.dataTransfer.setData('text/plain', entryId);
      event.dataTransfer.effectAllowed = 'move';
      element.dataset.dragging = 'true';
    };
    const end = () => delete element.dataset.dragging;
    element.addEventListener('dragstart', start);
    element.addEventListener('dragend', end);
    return () => {
      element.draggable = false;
      element.removeEventListener('dragstart', start);
      element.removeEventListener('dragend', end);
    };
  };
}

export function dropTarget(onDrop: (draggedId: string) => void): Attachment<HTMLElement> {
  return (element) => {
    const over = (event: DragEvent) => {
      if (!event.dataTransfer?.types.includes(ENTRY_TYPE)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      element.dataset.dropTarget = 'true';
    };
    const leave = () => delete element.dataset.dropTarget;
    const drop = (event: DragEvent) => {
      delete element.dataset.dropTarget;
      const draggedId = event.dataTransfer?.getData(ENTRY_TYPE);
      if (!draggedId) return;
      event.preventDefault();
      onDrop(draggedId);
    };
    element.addEventListener('dragover', over);
    element.addEventListener('dragleave', leave);
    element.addEventListener('drop', drop);
    return () => {
      element.removeEventListener('dragover', over);
      element.removeEventListener('dragleave', leave);
      element.removeEventListener('drop', drop);
    };
  };
}
